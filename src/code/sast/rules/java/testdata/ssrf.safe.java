import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = java.net.URLEncoder.encode(request.getParameter("id"), "UTF-8");
        // ok: vigil.sast.java.ssrf
        java.net.URLConnection c = new java.net.URL("https://api.example.com/items/" + id).openConnection();
        c.getInputStream().transferTo(response.getOutputStream());
    }
}
