using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;

namespace ZscalerScim.Scim;

/// <summary>
/// One operation's result in a bulk answer (RFC 7644 §3.7.3), as much of it as a client acts on, read as the answer
/// streams in: a first sync of a large tenant reads a million of them, and a JSON tree of each answer cost more than the rest.
/// </summary>
internal sealed class BulkResult
{
    public string? BulkId { get; private set; }

    /// <summary>The status as sent ("201", 201, or {"code": 201}, depending on the server); null when there is none.</summary>
    public string? Status { get; private set; }

    public string? Location { get; private set; }

    /// <summary>The error response's detail, for a refused operation.</summary>
    public string? Detail { get; private set; }

    /// <summary>The error response's scimType ("mutability", "uniqueness"), for a refused operation.</summary>
    public string? ScimType { get; private set; }

    /// <summary>The status as a code; 0 when there is none that is one.</summary>
    public int Code =>
        Status is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code is >= 100 and < 600 ? code : 0;

    /// <summary>A created resource's id: the last segment of its location.</summary>
    public string? CreatedId => Location?.TrimEnd('/') is { } path ? path.Substring(path.LastIndexOf('/') + 1) : null;

    /// <summary>The answer's Operations, in order; null for an entry that is not an object.</summary>
    public static List<BulkResult?> ReadAnswer(JsonReader reader)
    {
        List<BulkResult?> results = new();
        if (!reader.Read())
        {
            throw new JsonReaderException("The answer has no JSON value.");
        }
        foreach (string name in JsonWalk.Properties(reader))
        {
            if (name != "Operations" || !reader.Read() || reader.TokenType != JsonToken.StartArray)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType != JsonToken.EndArray)
            {
                results.Add(reader.TokenType == JsonToken.StartObject ? Read(reader) : null);
                reader.Skip();
            }
        }
        return results;
    }

    private static BulkResult Read(JsonReader reader)
    {
        BulkResult result = new();
        foreach (string name in JsonWalk.Properties(reader))
        {
            switch (name)
            {
                case "bulkId": result.BulkId = Text(reader); break;
                case "location": result.Location = Text(reader); break;
                case "status" when reader.Read() && reader.TokenType == JsonToken.StartObject:
                    foreach (string part in JsonWalk.Properties(reader))
                    {
                        if (part == "code")
                        {
                            result.Status = Text(reader);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                    break;
                case "status":
                    result.Status = Scalar(reader);
                    break;
                case "response" when reader.Read() && reader.TokenType == JsonToken.StartObject:
                    foreach (string part in JsonWalk.Properties(reader))
                    {
                        if (part == "detail")
                        {
                            result.Detail = Text(reader);
                        }
                        else if (part == "scimType")
                        {
                            result.ScimType = Text(reader);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return result;
    }

    /// <summary>The next value as text when it is a string or a number; null for anything else (an object where text belongs), which is skipped.</summary>
    private static string? Text(JsonReader reader)
    {
        reader.Read();
        return Scalar(reader);
    }

    private static string? Scalar(JsonReader reader)
    {
        if (reader.TokenType is JsonToken.String or JsonToken.Integer or JsonToken.Float)
        {
            return Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
        }
        reader.Skip();
        return null;
    }
}
