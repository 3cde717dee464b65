# Reference oracle for RubyGems versions (Gem::Version), used by generate_pairs.py.
# Reads "C\ta\tb" (compare) or "V\tv" (validate) lines from stdin; writes the sign of
# Gem::Version.new(a) <=> Gem::Version.new(b) ("x" when either is not Gem::Version.correct?), or
# "ok\t<canonical segments joined by .>" / "invalid", one line per input.
if ARGV == ["--about"]
  puts "RubyGems #{Gem::VERSION} Gem::Version (ruby #{RUBY_VERSION})"
  exit
end

def parse(v)
  Gem::Version.correct?(v) ? Gem::Version.new(v) : nil
end

out = []
$stdin.read.force_encoding("UTF-8").split("\n").each do |line|
  next if line.empty?
  parts = line.split("\t", -1)
  if parts[0] == "V"
    p = parse(parts[1])
    out << (p.nil? ? "invalid" : "ok\t#{p.canonical_segments.join('.')}")
  else
    a = parse(parts[1])
    b = parse(parts[2])
    out << (a.nil? || b.nil? ? "x" : (a <=> b).to_s)
  end
end
$stdout.write(out.join("\n") + "\n")
