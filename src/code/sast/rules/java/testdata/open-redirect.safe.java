import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private static final java.util.Set<String> PAGES = java.util.Set.of("/home", "/account");

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        if (!PAGES.contains(next)) {
            next = "/home";
        }
        // ok: vigil.sast.java.open-redirect
        response.sendRedirect(next);
    }
}
