# Updraft: one image for every process (scheduler, worker, api); the command picks the process.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q install -DskipTests -Dspotless.check.skip=true

FROM eclipse-temurin:21-jre
RUN useradd --system --create-home --home-dir /home/updraft updraft
WORKDIR /opt/updraft
COPY --from=build /src/cli/target/lib /opt/updraft/lib
COPY --from=build /src/cli/target/updraft.jar /opt/updraft/updraft.jar
COPY --from=build /src/cli/src/main/resources/io/updraft/cli/server.jvm-options /opt/updraft/server.jvm-options
COPY --from=build /src/deploy/docker/entrypoint.sh /opt/updraft/entrypoint.sh
USER updraft
# scheduler, worker, api and standalone get the launcher's JVM options (see entrypoint.sh).
ENTRYPOINT ["/opt/updraft/entrypoint.sh"]
CMD ["--help"]
