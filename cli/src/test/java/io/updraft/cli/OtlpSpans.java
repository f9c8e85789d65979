package io.updraft.cli;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} (protobuf) into the spans a test reads, by the
 * field numbers of opentelemetry-proto's {@code trace.proto}, {@code resource.proto} and {@code
 * common.proto}. Written out because opentelemetry-proto's generated classes need a newer protobuf
 * runtime than the Google libraries on this class path allow; the wire format is stable.
 */
final class OtlpSpans {
  /** 2 in OTLP's Status.StatusCode. */
  static final int STATUS_ERROR = 2;

  /** One span as received; ids in lower-case hex, empty when absent. */
  record ReceivedSpan(
      String serviceName,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      long startNanos,
      long endNanos,
      Map<String, String> attributes,
      int statusCode) {}

  private OtlpSpans() {}

  static List<ReceivedSpan> decode(byte[] request) throws IOException {
    List<ReceivedSpan> spans = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(request);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1) { // resource_spans
        resourceSpans(in.readBytes().newCodedInput(), spans);
      } else {
        in.skipField(tag);
      }
    }
    return spans;
  }

  private static void resourceSpans(CodedInputStream in, List<ReceivedSpan> into)
      throws IOException {
    String service = "";
    List<byte[]> scopes = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> service = attributesOf(in.readBytes().newCodedInput(), 1).get("service.name");
        case 2 -> scopes.add(in.readByteArray()); // scope_spans
        default -> in.skipField(tag);
      }
    }
    for (byte[] scope : scopes) {
      CodedInputStream s = CodedInputStream.newInstance(scope);
      for (int tag = s.readTag(); tag != 0; tag = s.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 2) { // spans
          into.add(span(service, s.readBytes().newCodedInput()));
        } else {
          s.skipField(tag);
        }
      }
    }
  }

  private static ReceivedSpan span(String service, CodedInputStream in) throws IOException {
    HexFormat hex = HexFormat.of();
    String traceId = "";
    String spanId = "";
    String parent = "";
    String name = "";
    long start = 0;
    long end = 0;
    Map<String, String> attributes = new LinkedHashMap<>();
    int status = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> traceId = hex.formatHex(in.readByteArray());
        case 2 -> spanId = hex.formatHex(in.readByteArray());
        case 4 -> parent = hex.formatHex(in.readByteArray());
        case 5 -> name = in.readString();
        case 7 -> start = in.readFixed64();
        case 8 -> end = in.readFixed64();
        case 9 -> attributes.putAll(keyValue(in.readBytes().newCodedInput()));
        case 15 -> status = statusCode(in.readBytes().newCodedInput());
        default -> in.skipField(tag);
      }
    }
    return new ReceivedSpan(service, traceId, spanId, parent, name, start, end, attributes, status);
  }

  /** The repeated KeyValue field {@code field} of a message. */
  private static Map<String, String> attributesOf(CodedInputStream in, int field)
      throws IOException {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == field) {
        attributes.putAll(keyValue(in.readBytes().newCodedInput()));
      } else {
        in.skipField(tag);
      }
    }
    return attributes;
  }

  /** A KeyValue whose AnyValue is a string, a bool or an int, as text. */
  private static Map<String, String> keyValue(CodedInputStream in) throws IOException {
    String key = "";
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> key = in.readString();
        case 2 -> value = anyValue(in.readBytes().newCodedInput());
        default -> in.skipField(tag);
      }
    }
    return Map.of(key, value);
  }

  private static String anyValue(CodedInputStream in) throws IOException {
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> value = in.readString();
        case 2 -> value = String.valueOf(in.readBool());
        case 3 -> value = String.valueOf(in.readInt64());
        default -> in.skipField(tag);
      }
    }
    return value;
  }

  private static int statusCode(CodedInputStream in) throws IOException {
    int code = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 3) {
        code = in.readEnum();
      } else {
        in.skipField(tag);
      }
    }
    return code;
  }
}
