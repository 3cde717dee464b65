import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private Connection conn;

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        // ruleid: vigil.sast.java.sql-injection
        ResultSet rs = st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        String sql = String.format("DELETE FROM sessions WHERE user = '%s'", name);
        // ruleid: vigil.sast.java.sql-injection
        conn.prepareStatement(sql).executeUpdate();
    }
}
