<?php
// Reference oracle for Packagist versions (composer/semver), used by generate_pairs.py.
// Reads "C\ta\tb" (compare) or "V\tv" (normalize) lines from stdin. For C: both versions are
// normalized with VersionParser::normalize, as Composer does before comparing, then compared with
// Comparator (version_compare); writes -1, 0 or 1, or "x" when either is invalid or the comparison
// is not an order (two dev- branches). For V: "ok\t<normalized>" or "invalid".
require '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\Comparator;
use Composer\Semver\VersionParser;

if (($argv[1] ?? '') === '--about') {
    $pkg = trim(shell_exec("dpkg-query -W -f='\${Version}' php-composer-semver"));
    echo "composer/semver (Debian php-composer-semver {$pkg}) VersionParser+Comparator (php " . PHP_VERSION . ")\n";
    exit(0);
}

$parser = new VersionParser();
$norm = function (string $v) use ($parser) {
    try {
        return $parser->normalize($v);
    } catch (\UnexpectedValueException $e) {
        return null;
    }
};
$out = [];
foreach (explode("\n", stream_get_contents(STDIN)) as $line) {
    if ($line === '') {
        continue;
    }
    $parts = explode("\t", $line);
    if ($parts[0] === 'V') {
        $n = $norm($parts[1]);
        $out[] = $n === null ? 'invalid' : "ok\t" . $n;
        continue;
    }
    $a = $norm($parts[1]);
    $b = $norm($parts[2]);
    if ($a === null || $b === null) {
        $out[] = 'x';
        continue;
    }
    $lt = Comparator::lessThan($a, $b);
    $eq = Comparator::equalTo($a, $b);
    $gt = Comparator::greaterThan($a, $b);
    if ((int) $lt + (int) $eq + (int) $gt !== 1) {
        $out[] = 'x';
    } else {
        $out[] = $lt ? '-1' : ($eq ? '0' : '1');
    }
}
echo implode("\n", $out) . "\n";
