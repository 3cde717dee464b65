import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        // ok: vigil.sast.java.xss
        response.getWriter().println("<h1>Hello " + org.owasp.encoder.Encode.forHtml(name) + "</h1>");
    }
}
