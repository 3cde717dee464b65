import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        // ruleid: vigil.sast.java.insecure-cookie
        Cookie c = new Cookie("session", "abc");
        c.setHttpOnly(true);
        response.addCookie(c);
    }
}
