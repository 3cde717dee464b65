import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        // ok: vigil.sast.java.insecure-deserialization
        ObjectInputStream in = new ObjectInputStream(new FileInputStream("/var/lib/app/cache.bin"));
        Object cart = in.readObject();
        response.getWriter().print(cart != null);
    }
}
