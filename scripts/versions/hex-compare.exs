# Reads "a<TAB>b" lines and prints "a<TAB>b<TAB>Version.compare(a, b)" as -1/0/1 (Elixir's own Version,
# which Hex uses). Raises on a version Elixir does not accept. Run: elixir scripts/versions/hex-compare.exs < pairs
IO.stream(:stdio, :line)
|> Enum.each(fn line ->
  [a, b] = line |> String.trim_trailing("\n") |> String.split("\t")

  r =
    case Version.compare(a, b) do
      :lt -> -1
      :eq -> 0
      :gt -> 1
    end

  IO.puts("#{a}\t#{b}\t#{r}")
end)
