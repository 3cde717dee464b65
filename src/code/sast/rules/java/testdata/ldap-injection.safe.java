import java.io.*;
import java.sql.*;
import javax.servlet.http.*;
import javax.naming.directory.*;

public class Login extends HttpServlet {
    private DirContext ctx;

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String user = request.getParameter("user");
        // ok: vigil.sast.java.ldap-injection
        var results = ctx.search("ou=people,dc=example,dc=com", "(uid={0})", new Object[] {user}, new SearchControls());
        response.getWriter().print(results.hasMore());
    }
}
