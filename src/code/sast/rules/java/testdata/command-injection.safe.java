import java.io.IOException;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class PingServlet extends HttpServlet {
    private static final Set<String> HOSTS = Set.of("example.com", "example.org");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getParameter("host");
        // ok: vigil.sast.java.command-injection
        new ProcessBuilder("ping", "-c", "1", host).start();
    }

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getParameter("host");
        if (!HOSTS.contains(host)) {
            response.sendError(400);
            return;
        }
        // ok: vigil.sast.java.command-injection
        Runtime.getRuntime().exec("ping -c 1 " + host);
    }

    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int count = Integer.parseInt(request.getParameter("n"));
        // ok: vigil.sast.java.command-injection
        Runtime.getRuntime().exec("seq " + count);
    }
}
