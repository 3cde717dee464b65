import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: vigil.sast.java.open-redirect
        response.sendRedirect(request.getParameter("next"));
    }
}
