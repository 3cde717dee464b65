import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { catalogDiskFile, context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { wordpressCataloger } from "./wordpress.js";

const root = (p: string) => testdata(import.meta.url, "wordpress", p);

describe("WordPress cataloger", () => {
  test("wants core's version.php, plugin main files and readmes, theme stylesheets", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(wordpressCataloger.wants(info("var/www/html/wp-includes/version.php")), true);
    assert.equal(wordpressCataloger.wants(info("var/www/html/wp-content/plugins/akismet/akismet.php")), true);
    assert.equal(wordpressCataloger.wants(info("var/www/html/wp-content/plugins/akismet/readme.txt")), true);
    assert.equal(
      wordpressCataloger.wants(info("var/www/html/wp-content/plugins/akismet/class.akismet.php")),
      false,
    );
    assert.equal(
      wordpressCataloger.wants(info("var/www/html/wp-content/themes/twentytwentythree/style.css")),
      true,
    );
    assert.equal(wordpressCataloger.wants(info("var/www/html/wp-includes/blocks/file/style.css")), false);
  });

  test("core: $wp_version of Debian's wordpress 6.1.9", async () => {
    const path = "var/www/html/wp-includes/version.php";
    const result = await catalogDiskFile(
      wordpressCataloger,
      root("wp-includes/version.php"),
      path,
      context(),
    );
    assert.deepEqual(result.runtimes, [{ product: "wordpress", version: "6.1.9", location: path }]);
  });

  test("plugin: the main file's Version header; the readme is then left alone", async () => {
    const dir = "var/www/html/wp-content/plugins/akismet";
    const main = fileFromDisk(root("wp-content/plugins/akismet/akismet.php"), `${dir}/akismet.php`);
    const ctx = context(undefined, [main]);
    const fromMain = await wordpressCataloger.catalog(main, ctx);
    assert.deepEqual(fromMain.runtimes, [
      { product: "wordpress-plugin/akismet", version: "5.0.2", location: `${dir}/akismet.php` },
    ]);
    const readme = fileFromDisk(root("wp-content/plugins/akismet/readme.txt"), `${dir}/readme.txt`);
    assert.deepEqual(await wordpressCataloger.catalog(readme, ctx), {});
  });

  test("plugin without its main file: the readme's Stable tag", async () => {
    const path = "var/www/html/wp-content/plugins/akismet/readme.txt";
    const result = await catalogDiskFile(
      wordpressCataloger,
      root("wp-content/plugins/akismet/readme.txt"),
      path,
      context(),
    );
    assert.deepEqual(result.runtimes, [
      { product: "wordpress-plugin/akismet", version: "5.0.2", location: path },
    ]);
  });

  test("theme: style.css Version of Twenty Twenty-Three", async () => {
    const path = "var/www/html/wp-content/themes/twentytwentythree/style.css";
    const result = await catalogDiskFile(
      wordpressCataloger,
      root("wp-content/themes/twentytwentythree/style.css"),
      path,
      context(),
    );
    assert.deepEqual(result.runtimes, [
      { product: "wordpress-theme/twentytwentythree", version: "1.0", location: path },
    ]);
  });

  test("a version.php without $wp_version: InputError naming the file", async () => {
    const file = fileFromText("srv/wp-includes/version.php", "<?php\n$version = '1.0';\n");
    await assert.rejects(wordpressCataloger.catalog(file, context()), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^srv\/wp-includes\/version\.php: no \$wp_version/);
      return true;
    });
  });
});
