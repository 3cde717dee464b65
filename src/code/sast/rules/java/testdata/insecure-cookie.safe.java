import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        // ok: vigil.sast.java.insecure-cookie
        Cookie c = new Cookie("session", "abc");
        c.setSecure(true);
        c.setHttpOnly(true);
        response.addCookie(c);
    }
}
