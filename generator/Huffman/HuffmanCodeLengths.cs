namespace DecoderHw.Huffman;

/// <summary>Optimal length-limited prefix code lengths by package-merge (Larmore and Hirschberg 1990):
/// the minimum of sum count_s * length_s over all prefix codes with lengths at most <c>maxLength</c>.
/// Package-merge is exact, unlike heuristics that build a Huffman tree and then flatten it.</summary>
public static class HuffmanCodeLengths
{
    /// <summary>Code length per symbol; 0 for absent symbols. A lone present symbol also gets length 0:
    /// it needs no bits, as in a tANS layer with table_log 0.</summary>
    public static int[] Compute(ReadOnlySpan<long> counts, int maxLength)
    {
        var present = new List<int>();
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] < 0) throw new ArgumentException($"count of symbol {s} is negative");
            if (counts[s] > 0) present.Add(s);
        }
        if (maxLength is < 1 or > 30) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must be 1..30");
        if (present.Count > 1L << maxLength)
            throw new ArgumentException($"{present.Count} symbols cannot have codes of at most {maxLength} bits");

        var lengths = new int[counts.Length];
        if (present.Count <= 1) return lengths;

        var countsCopy = counts.ToArray();
        var leaves = present.OrderBy(s => countsCopy[s]).ThenBy(s => s).Select(s => new Node(countsCopy[s], s, null, null)).ToList();

        // After maxLength - 1 rounds of "pair up neighbours, merge the pairs back among the leaves", the
        // cheapest 2n - 2 items are the optimal solution: a symbol's length is how many of them hold it.
        var items = leaves;
        for (int round = 1; round < maxLength; round++) items = Merge(leaves, Package(items));
        foreach (var item in items.Take(2 * present.Count - 2)) item.CountLeaves(lengths);
        return lengths;
    }

    private static List<Node> Package(List<Node> items)
    {
        var packages = new List<Node>(items.Count / 2);
        for (int i = 0; i + 1 < items.Count; i += 2) packages.Add(new Node(items[i].Weight + items[i + 1].Weight, -1, items[i], items[i + 1]));
        return packages;
    }

    /// <summary>Both lists are sorted by weight; on a tie the leaf goes first, which keeps the result
    /// deterministic and prefers shorter codes for the tied leaf.</summary>
    private static List<Node> Merge(List<Node> leaves, List<Node> packages)
    {
        var merged = new List<Node>(leaves.Count + packages.Count);
        int i = 0, j = 0;
        while (i < leaves.Count || j < packages.Count)
            merged.Add(j >= packages.Count || (i < leaves.Count && leaves[i].Weight <= packages[j].Weight) ? leaves[i++] : packages[j++]);
        return merged;
    }

    private sealed record Node(long Weight, int Symbol, Node? Left, Node? Right)
    {
        public void CountLeaves(int[] lengths)
        {
            // Explicit stack: package trees are maxLength deep, but there is no need to recurse at all.
            var stack = new Stack<Node>();
            stack.Push(this);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node.Symbol >= 0) lengths[node.Symbol]++;
                else
                {
                    stack.Push(node.Left!);
                    stack.Push(node.Right!);
                }
            }
        }
    }
}
