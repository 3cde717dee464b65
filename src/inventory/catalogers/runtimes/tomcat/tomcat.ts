import yauzl from "yauzl";
import { errorMessage, InputError } from "../../../../errors.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { runtimeAt } from "../runtime.js";

/** Tomcat's `lib/catalina.jar`, and Debian's `usr/share/java/tomcat10-catalina-10.1.60.jar`. */
const CATALINA = /(^|\/)(lib\/catalina\.jar|tomcat\d*-catalina(-\d[\d.]*)?\.jar)$/;
const SERVER_INFO = "org/apache/catalina/util/ServerInfo.properties";

/** The bytes of one entry of a zip held in memory, or undefined when it has none by that name. */
async function zipEntry(buf: Buffer, name: string): Promise<Buffer | undefined> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  return new Promise<Buffer | undefined>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve(undefined));
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName !== name) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", reject);
        stream.on("end", () => {
          zip.close();
          resolve(Buffer.concat(chunks));
        });
      });
    });
    zip.readEntry();
  });
}

/**
 * Apache Tomcat, from the version Tomcat reports about itself: `server.number` ("10.1.60.0") in
 * catalina.jar's ServerInfo.properties, cut to three parts, else the number in `server.info`
 * ("Apache Tomcat/10.1.60").
 */
export const tomcatCataloger: Cataloger = {
  name: "tomcat",
  wants(file: FileInfo): boolean {
    return CATALINA.test(file.path);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    let props: Buffer | undefined;
    try {
      props = await zipEntry(await file.read(), SERVER_INFO);
    } catch (e) {
      throw new InputError(file.path, `not a readable jar (${errorMessage(e)})`, { cause: e });
    }
    if (!props) return {};
    const lines = props.toString("utf8").split("\n");
    const value = (key: string) =>
      lines
        .find((l) => l.startsWith(`${key}=`))
        ?.slice(key.length + 1)
        .trim();
    const number = /^(\d+\.\d+\.\d+)/.exec(value("server.number") ?? "")?.[1];
    const info = /Tomcat\/(\d+\.\d+\.\d+(?:-M\d+)?)/.exec(value("server.info") ?? "")?.[1];
    const version = number ?? info;
    if (!version) {
      const line = lines.findIndex((l) => l.startsWith("server.info=")) + 1;
      throw new InputError(
        `${file.path}!${SERVER_INFO} line ${line || 1}`,
        "neither server.number nor server.info holds a Tomcat version",
      );
    }
    return { runtimes: [runtimeAt(file, "tomcat", version)] };
  },
};
