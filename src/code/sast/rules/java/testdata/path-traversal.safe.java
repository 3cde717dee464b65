import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private static final String ROOT = "/srv/uploads/";

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = org.apache.commons.io.FilenameUtils.getName(request.getParameter("file"));
        // ok: vigil.sast.java.path-traversal
        FileInputStream in = new FileInputStream(ROOT + name);
        in.transferTo(response.getOutputStream());
    }

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = new File(ROOT, "report.pdf").getCanonicalPath();
        if (!path.startsWith(ROOT)) {
            return;
        }
        // ok: vigil.sast.java.path-traversal
        new FileInputStream(path).transferTo(response.getOutputStream());
    }
}
