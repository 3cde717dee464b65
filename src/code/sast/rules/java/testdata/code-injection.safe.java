import java.io.*;
import java.sql.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {
    private javax.script.ScriptEngine engine;

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        javax.script.Bindings b = engine.createBindings();
        b.put("input", request.getParameter("formula"));
        // ok: vigil.sast.java.code-injection
        Object result = engine.eval("input.length", b);
        response.getWriter().print(result != null);
    }
}
