import java.security.SecureRandom;
import java.util.Random;

public class Tokens {
    public String resetToken() {
        // ok: vigil.sast.java.weak-random
        SecureRandom tokenRandom = new SecureRandom();
        return Long.toHexString(tokenRandom.nextLong());
    }

    public int shuffleSeed() {
        // ok: vigil.sast.java.weak-random
        Random rnd = new Random();
        return rnd.nextInt(10);
    }
}
