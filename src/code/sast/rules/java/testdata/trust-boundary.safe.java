import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private static final java.util.Set<String> THEMES = java.util.Set.of("light", "dark");

    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        String theme = request.getParameter("theme");
        if (!THEMES.contains(theme)) {
            return;
        }
        // ok: vigil.sast.java.trust-boundary
        request.getSession().setAttribute("theme", theme);
    }
}
