import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private static final String ROOT = "/srv/uploads/";

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("file");
        // ruleid: vigil.sast.java.path-traversal
        FileInputStream in = new FileInputStream(ROOT + name);
        in.transferTo(response.getOutputStream());
    }
}
