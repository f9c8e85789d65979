package io.updraft.hooks.google;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Secret Manager's {@code AccessSecretVersion} RPC, implemented over its real protobuf messages and
 * method name, so the Google client talks to it exactly as to the service.
 */
final class FakeSecretManager {
  static final String SERVICE = "google.cloud.secretmanager.v1.SecretManagerService";

  private static final MethodDescriptor<AccessSecretVersionRequest, AccessSecretVersionResponse>
      ACCESS =
          MethodDescriptor.<AccessSecretVersionRequest, AccessSecretVersionResponse>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(SERVICE + "/AccessSecretVersion")
              .setRequestMarshaller(
                  ProtoUtils.marshaller(AccessSecretVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(
                  ProtoUtils.marshaller(AccessSecretVersionResponse.getDefaultInstance()))
              .build();

  /** Secret values by version name, e.g. projects/p/secrets/s/versions/latest. */
  final Map<String, String> versions = new ConcurrentHashMap<>();

  final List<String> requested = new CopyOnWriteArrayList<>();

  void put(String project, String secret, String value) {
    versions.put("projects/" + project + "/secrets/" + secret + "/versions/latest", value);
  }

  ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            ACCESS,
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  requested.add(request.getName());
                  String value = versions.get(request.getName());
                  if (value == null) {
                    response.onError(
                        Status.NOT_FOUND
                            .withDescription(
                                "Secret [" + request.getName() + "] not found or has no versions.")
                            .asRuntimeException());
                    return;
                  }
                  response.onNext(
                      AccessSecretVersionResponse.newBuilder()
                          .setName(request.getName().replace("/latest", "/1"))
                          .setPayload(
                              SecretPayload.newBuilder()
                                  .setData(ByteString.copyFrom(value, StandardCharsets.UTF_8)))
                          .build());
                  response.onCompleted();
                }))
        .build();
  }
}
