import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = request.getParameter("url");
        // ruleid: vigil.sast.java.ssrf
        java.net.URLConnection c = new java.net.URL(target).openConnection();
        c.getInputStream().transferTo(response.getOutputStream());
    }
}
