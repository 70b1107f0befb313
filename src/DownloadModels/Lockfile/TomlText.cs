using System.Globalization;
using System.Text;

namespace DownloadModels.Lockfile;

/// <summary>TOML basic strings for the lock writer: quotes, backslashes and control characters escaped; the rest as UTF-8.</summary>
internal static class TomlText
{
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ' or '\u007f': text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        return text.Append('"').ToString();
    }

    public static string Array(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(Quote))}]";
}
