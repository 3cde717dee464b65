import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        String role = request.getParameter("role");
        // ruleid: vigil.sast.java.trust-boundary
        request.getSession().setAttribute("role", role);
    }
}
