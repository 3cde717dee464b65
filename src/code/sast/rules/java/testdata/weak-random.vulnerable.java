import java.util.Random;

public class Tokens {
    public String resetToken() {
        // ruleid: vigil.sast.java.weak-random
        Random tokenRandom = new Random();
        return Long.toHexString(tokenRandom.nextLong());
    }
}
