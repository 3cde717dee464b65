import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Reference oracle for Maven versions (maven-artifact's ComparableVersion), used by generate_pairs.py.
 * Reads "C\ta\tb" (compare) or "V\tv" (canonical form) lines from stdin; writes the sign of
 * a.compareTo(b), or "ok\t" + getCanonical(), one line per input.
 */
public final class OracleMaven {
  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--about")) {
      Package p = ComparableVersion.class.getPackage();
      System.out.println("maven-artifact " + p.getImplementationVersion() + " ComparableVersion (java "
          + System.getProperty("java.version") + ")");
      return;
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      String[] parts = line.split("\t", -1);
      if (parts[0].equals("V")) {
        out.append("ok\t").append(new ComparableVersion(parts[1]).getCanonical()).append('\n');
      } else {
        int c = new ComparableVersion(parts[1]).compareTo(new ComparableVersion(parts[2]));
        out.append(Integer.signum(c)).append('\n');
      }
    }
    System.out.print(out);
  }
}
