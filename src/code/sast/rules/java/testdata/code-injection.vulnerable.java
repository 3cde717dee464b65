import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private javax.script.ScriptEngine engine;

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String formula = request.getParameter("formula");
        // ruleid: vigil.sast.java.code-injection
        Object result = engine.eval("var total = " + formula + ";");
        response.getWriter().print(result != null);
    }
}
