import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        // ruleid: vigil.sast.java.xss
        response.getWriter().println("<h1>Hello " + name + "</h1>");
    }
}
