using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tollgate.Entities;

/// <summary>How Tollgate writes JSON: like Kong, without escaping characters such as '+' or '&lt;' into \u sequences.</summary>
public static class KongJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
