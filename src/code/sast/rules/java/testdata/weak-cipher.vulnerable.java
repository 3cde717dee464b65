import javax.crypto.Cipher;

public class Tokens {
    public Cipher legacy() throws Exception {
        // ruleid: vigil.sast.java.weak-cipher
        return Cipher.getInstance("DESede/CBC/PKCS5Padding");
    }

    public Cipher block() throws Exception {
        // ruleid: vigil.sast.java.weak-cipher
        return Cipher.getInstance("AES");
    }
}
