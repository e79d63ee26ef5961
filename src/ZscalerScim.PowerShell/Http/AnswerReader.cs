using System;
using System.IO;
using System.Net.Http;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Http;

/// <summary>An answer's body as the pipeline needs it: the parsed JSON, or what a body that is not JSON looked like.</summary>
internal sealed class AnswerBody
{
    public JToken? Json { get; init; }

    /// <summary>What the caller's text reader made of a text answer.</summary>
    public object? Text { get; init; }

    /// <summary>Bytes read (after decompression).</summary>
    public long Length { get; init; }

    /// <summary>A body that is not JSON starts with '&lt;' (a proxy's or captive portal's page).</summary>
    public bool Markup { get; init; }
}

/// <summary>More than <see cref="AnswerReader.MaxBytes"/> in one answer.</summary>
internal sealed class AnswerTooLargeException : Exception
{
    public AnswerTooLargeException(bool declared)
        : base("The answer is larger than the limit.") => Declared = declared;

    /// <summary>The Content-Length said so before a byte was read.</summary>
    public bool Declared { get; }
}

/// <summary>
/// Reads an answer as a stream, never more than <see cref="MaxBytes"/> of it once decompressed, and parses JSON straight
/// from that stream: a gzip bomb or an endless answer ends in a clear error, not in memory exhaustion.
/// </summary>
internal static class AnswerReader
{
    /// <summary>The target of a Link header's rel="next" (RFC 8288), resolved against the request; null when there is none.</summary>
    public static Uri? NextLink(System.Net.Http.Headers.HttpResponseHeaders headers, Uri request)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }
        foreach (string value in values)
        {
            foreach (string part in value.Split(','))
            {
                int open = part.IndexOf('<'), close = part.IndexOf('>');
                if (open < 0 || close < open)
                {
                    continue;
                }
                string parameters = part.Substring(close + 1).Replace(" ", string.Empty);
                if (parameters.IndexOf("rel=\"next\"", StringComparison.OrdinalIgnoreCase) >= 0 || parameters.IndexOf("rel=next", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return Uri.TryCreate(request, part.Substring(open + 1, close - open - 1), out Uri? next) ? next : null;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The most one answer may hold, decompressed: 64 MiB. A SCIM page of 1,000 users is about 2 MB, a page of groups with
    /// their members a few MB more; nothing the services document comes near it. The one place this limit is written down.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public const string MaxText = "64 MiB";

    /// <summary>
    /// Reads the body; throws <see cref="AnswerTooLargeException"/>, <see cref="JsonException"/> or the stream's IO failure.
    /// JSON is parsed as it arrives (blocking reads: the caller aborts them by disposing the response on a timeout or Ctrl+C).
    /// </summary>
    public static async System.Threading.Tasks.Task<AnswerBody> ReadAsync(HttpContent? content, bool isJson, Func<TextReader, object?>? readText = null)
    {
        if (content is null)
        {
            return new AnswerBody();
        }
        if (content.Headers.ContentLength is > MaxBytes)
        {
            throw new AnswerTooLargeException(declared: true);
        }
        using LimitedStream limited = new(await content.ReadAsStreamAsync().ConfigureAwait(false), MaxBytes);
        // 4K: the JSON reader keeps its own buffer, so this one only hands text on, and a larger one is garbage per answer
        // (at 16K, 48 KB of the 14,000 bulk answers of a 1,400K-user first sync; at 64K it was on the large object heap).
        using StreamReader text = new(limited, Charset(content), detectEncodingFromByteOrderMarks: true, bufferSize: 4 * 1024);
        if (readText is not null)
        {
            // A text answer the caller reads as it streams in (an empty one too: the reader says what it lacks).
            object? read = readText(text);
            return new AnswerBody { Length = limited.Consumed, Text = read };
        }
        if (text.Peek() < 0)
        {
            return new AnswerBody();
        }
        if (isJson)
        {
            JToken json = HttpPipeline.ParseExact(text);
            return new AnswerBody { Json = json, Length = limited.Consumed };
        }
        // Not JSON: only its first character and its length matter.
        bool markup = false, started = false;
        char[] buffer = new char[16 * 1024];
        for (int n; (n = text.Read(buffer, 0, buffer.Length)) > 0;)
        {
            for (int i = 0; i < n && !started; i++)
            {
                if (!char.IsWhiteSpace(buffer[i]))
                {
                    started = true;
                    markup = buffer[i] == '<';
                }
            }
        }
        return new AnswerBody { Length = limited.Consumed, Markup = markup };
    }

    private static Encoding Charset(HttpContent content)
    {
        try
        {
            return content.Headers.ContentType?.CharSet is { Length: > 0 } name ? Encoding.GetEncoding(name.Trim('"')) : Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    /// <summary>A read-only view of a stream that fails once more than the limit has come through it.</summary>
    private sealed class LimitedStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _limit;

        public LimitedStream(Stream inner, long limit)
        {
            _inner = inner;
            _limit = limit;
        }

        public long Consumed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            Consumed += n;
            if (Consumed > _limit)
            {
                throw new AnswerTooLargeException(declared: false);
            }
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Consumed;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
