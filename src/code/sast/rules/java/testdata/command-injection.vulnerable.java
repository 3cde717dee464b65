import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

public class PingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getParameter("host");
        // ruleid: vigil.sast.java.command-injection
        Process p = Runtime.getRuntime().exec("ping -c 1 " + host);
        response.getWriter().println(p.waitFor());
    }

    @GetMapping("/archive")
    public String archive(@RequestParam String name) throws IOException {
        StringBuilder cmd = new StringBuilder("tar czf /tmp/out.tgz ");
        cmd.append(name);
        // ruleid: vigil.sast.java.command-injection
        new ProcessBuilder("sh", "-c", cmd.toString()).start();
        return "ok";
    }

    private void runTool(String arg) throws IOException {
        Runtime rt = Runtime.getRuntime();
        // ruleid: vigil.sast.java.command-injection
        rt.exec(String.format("/opt/tool --input %s", arg));
    }

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        runTool(request.getHeader("X-Input"));
    }
}
