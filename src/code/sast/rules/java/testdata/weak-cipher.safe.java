import javax.crypto.Cipher;

public class Tokens {
    public Cipher modern() throws Exception {
        // ok: vigil.sast.java.weak-cipher
        return Cipher.getInstance("AES/GCM/NoPadding");
    }
}
