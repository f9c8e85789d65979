package io.updraft.hooks.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * STS's AssumeRole as its Query API reference documents it (a form POST with {@code
 * Action=AssumeRole}, an XML answer), served by WireMock.
 */
final class StsStubs {
  static final String ROLE_ARN = "arn:aws:iam::123456789012:role/updraft-lake-writer";
  static final String SESSION_TOKEN =
      "FwoGZXIvYXdzEBYaDEXAMPLETOKENrOfRoleSessionL3Yy8x/2kE+example+session+token==";

  private StsStubs() {}

  /** AssumeRole, when signed with {@code baseAccessKey}, hands out these temporary credentials. */
  static void grants(
      WireMockServer sts,
      String baseAccessKey,
      String accessKey,
      String secretKey,
      Instant expiration) {
    sts.stubFor(
        post("/")
            .atPriority(1)
            .withHeader("Authorization", containing("Credential=" + baseAccessKey + "/"))
            .withFormParam("Action", equalTo("AssumeRole"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/xml")
                    .withBody(assumeRoleResponse(accessKey, secretKey, expiration))));
  }

  /** AssumeRole fails with STS's XML error. */
  static void refuses(WireMockServer sts, int status, String code, String message) {
    sts.stubFor(
        post("/")
            .atPriority(2)
            .withFormParam("Action", equalTo("AssumeRole"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        """
                        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <Error>
                            <Type>Sender</Type>
                            <Code>%s</Code>
                            <Message>%s</Message>
                          </Error>
                          <RequestId>8a2e4c1d-5f0b-4d7e-9a61-2b3c4d5e6f70</RequestId>
                        </ErrorResponse>
                        """
                            .formatted(code, message))));
  }

  /** AssumeRole requests received. */
  static RequestPatternBuilder assumeRoleRequests() {
    return postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo("AssumeRole"));
  }

  static Instant inOneHour() {
    return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
  }

  private static String assumeRoleResponse(String accessKey, String secretKey, Instant expiration) {
    return """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/updraft-lake-writer/updraft-lake</Arn>
              <AssumedRoleId>AROA3XFRBF535PLBIFPI4:updraft-lake</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>%s</AccessKeyId>
              <SecretAccessKey>%s</SecretAccessKey>
              <SessionToken>%s</SessionToken>
              <Expiration>%s</Expiration>
            </Credentials>
            <PackedPolicySize>6</PackedPolicySize>
          </AssumeRoleResult>
          <ResponseMetadata>
            <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
          </ResponseMetadata>
        </AssumeRoleResponse>
        """
        .formatted(accessKey, secretKey, SESSION_TOKEN, expiration);
  }
}
