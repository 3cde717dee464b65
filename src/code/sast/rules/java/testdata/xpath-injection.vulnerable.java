import java.io.*;
import java.sql.*;
import javax.servlet.http.*;
import javax.xml.xpath.*;

public class Users extends HttpServlet {
    private XPath xpath;
    private org.w3c.dom.Document doc;

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("name");
        // ruleid: vigil.sast.java.xpath-injection
        String role = xpath.evaluate("//user[@name='" + name + "']/role", doc);
        response.getWriter().print(role.isEmpty());
    }
}
