import java.security.MessageDigest;

public class Digests {
    public byte[] hash(byte[] body) throws Exception {
        // ok: vigil.sast.java.weak-hash
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return md.digest(body);
    }
}
