import java.security.MessageDigest;

public class Passwords {
    public byte[] hash(String password) throws Exception {
        // ruleid: vigil.sast.java.weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(password.getBytes());
    }
}
