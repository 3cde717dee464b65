import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private Connection conn;

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        String name = request.getParameter("name");
        // ok: vigil.sast.java.sql-injection
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        ResultSet rs = ps.executeQuery();
        int id = Integer.parseInt(request.getParameter("id"));
        // ok: vigil.sast.java.sql-injection
        conn.createStatement().executeUpdate("DELETE FROM sessions WHERE id = " + id);
    }
}
