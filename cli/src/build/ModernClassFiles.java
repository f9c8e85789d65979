import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Rewrites, in place, the classes of a jar compiled for Java 5 (class file version 49) as Java 8
 * class files (version 52, with the stack maps that version requires); the code of every method is
 * unchanged. The JDK's start-up cache (AOT cache, class-data archive) skips a class older than
 * version 50 once it has been linked, and so did every class that touches one: without this,
 * picocli, which every command loads, was read from its jar and verified on every run. The
 * launcher runs it once per build with the JDK's source launcher (Java 24+, for
 * java.lang.classfile): {@code java ModernClassFiles.java JAR...}. A jar without old classes is
 * left alone.
 */
public final class ModernClassFiles {
  private static final int JAVA_8 = 52;

  public static void main(String[] args) throws IOException {
    for (String jar : args) {
      int rewritten = rewrite(Path.of(jar));
      if (rewritten > 0) {
        System.out.println("Rewrote " + rewritten + " class files of " + jar + " for Java 8");
      }
    }
  }

  private static int rewrite(Path jar) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Manifest manifest;
    try (JarFile in = new JarFile(jar.toFile())) {
      manifest = in.getManifest();
      for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().startsWith("META-INF/") && entry.getName().endsWith(".SF")) {
          return 0; // a signed jar: rewriting would break its signature
        }
        if (!entry.isDirectory() && !entry.getName().equals(JarFile.MANIFEST_NAME)) {
          try (InputStream stream = in.getInputStream(entry)) {
            entries.put(entry.getName(), stream.readAllBytes());
          }
        }
      }
    }
    // A stack map needs the common super class of two types: the jar's own classes are read from
    // its bytes, the JDK's from the running JDK.
    ClassHierarchyResolver resolver =
        ClassHierarchyResolver.defaultResolver()
            .orElse(
                ClassHierarchyResolver.ofResourceParsing(
                    desc -> {
                      String name = desc.descriptorString();
                      byte[] bytes = entries.get(name.substring(1, name.length() - 1) + ".class");
                      return bytes == null ? null : new ByteArrayInputStream(bytes);
                    }))
            .cached();
    ClassFile files =
        ClassFile.of(
            ClassFile.ClassHierarchyResolverOption.of(resolver),
            ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
    int rewritten = 0;
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      if (!entry.getKey().endsWith(".class") || entry.getKey().startsWith("META-INF/")) {
        continue;
      }
      ClassModel model = files.parse(entry.getValue());
      if (model.majorVersion() < 50) {
        entry.setValue(
            files.transformClass(
                model,
                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                    .andThen(ClassTransform.endHandler(b -> b.withVersion(JAVA_8, 0)))));
        rewritten++;
      }
    }
    if (rewritten == 0) {
      return 0;
    }
    Path out = jar.resolveSibling(jar.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(out);
        JarOutputStream jarOut =
            manifest == null ? new JarOutputStream(file) : new JarOutputStream(file, manifest)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jarOut.putNextEntry(new JarEntry(entry.getKey()));
        jarOut.write(entry.getValue());
        jarOut.closeEntry();
      }
    }
    Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
    return rewritten;
  }
}
