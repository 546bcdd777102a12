using System.Net;

namespace Serverless.Vault.Core.Auth;

/// <summary>CIDR lists as Vault takes them (token_bound_cidrs, secret_id_bound_cidrs): parsed strictly, matched by address.</summary>
public static class CidrBlocks
{
    /// <summary>
    /// Checks every block and returns them in canonical form; a bare address is a /32 (or /128). Throws a 400 naming
    /// the first invalid block.
    /// </summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var parsed = new List<string>();
        foreach (var raw in blocks.Select(b => b.Trim()).Where(b => b.Length > 0))
        {
            var text = raw.Contains('/', StringComparison.Ordinal) ? raw
                : IPAddress.TryParse(raw, out var single) ? $"{raw}/{(single.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)}"
                : raw;
            if (!TryParseLenient(text, out var network))
            {
                throw Framework.VaultException.InvalidRequest($"invalid CIDR block: {raw}");
            }

            parsed.Add(network.ToString());
        }

        return parsed;
    }

    /// <summary>As Go's ParseCIDR: host bits may be set ("10.1.2.3/8" is 10.0.0.0/8).</summary>
    private static bool TryParseLenient(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (prefix > bytes.Length * 8)
        {
            return false;
        }

        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>True when <paramref name="address"/> lies in one of the blocks; an unknown address matches none.</summary>
    public static bool Contains(IReadOnlyList<string> blocks, string? address)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        return blocks.Any(b => IPNetwork.TryParse(b, out var network) && network.Contains(ip));
    }
}
