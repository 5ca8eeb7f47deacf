using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// Reads the records of a JSON file one at a time, in memory bounded by the largest record: the elements of a
/// top-level array, of one array property of a top-level object (<c>{"results": [...]}</c>), or one value per line
/// (JSON lines). Each record comes with the line it starts on, for messages.
/// </summary>
internal static class JsonRecordStream
{
    private const int InitialBuffer = 1 << 16;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>A record and the line it starts on.</summary>
    public readonly record struct Record(int Line, JsonElement Value);

    /// <summary>
    /// The elements of the top-level array, or of the first property named one of <paramref name="arrayProperties"/>
    /// in a top-level object.
    /// </summary>
    /// <exception cref="InvalidInputException">The JSON is malformed (file and line named).</exception>
    public static IEnumerable<Record> ReadArray(Stream stream, string file, params string[] arrayProperties)
    {
        var cursor = new Cursor(arrayProperties);
        var buffer = new byte[InitialBuffer];
        var length = 0;
        var eof = false;
        var first = true;
        var batch = new List<Record>();
        while (!cursor.Done)
        {
            if (length == buffer.Length)
            {
                // One record is larger than the buffer: grow it rather than fail.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = eof ? 0 : stream.Read(buffer, length, buffer.Length - length);
            eof |= read == 0;
            length += read;
            if (first && length >= 3 && buffer.AsSpan(0, 3).SequenceEqual(Encoding.UTF8.Preamble))
            {
                Buffer.BlockCopy(buffer, 3, buffer, 0, length - 3);
                length -= 3;
            }

            first = false;
            int consumed;
            try
            {
                consumed = cursor.Advance(buffer.AsSpan(0, length), eof, batch);
            }
            catch (JsonException ex)
            {
                var line = ex.LineNumber is { } n ? (int)n + 1 : cursor.Line;
                var message = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
                throw new InvalidInputException(new InputError(new SourceLocation(file, line), "", "malformed JSON: " + message));
            }

            foreach (var record in batch)
            {
                yield return record;
            }

            batch.Clear();
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            if (eof && !cursor.Done)
            {
                throw new InvalidInputException(new InputError(new SourceLocation(file, cursor.Line), "", "malformed JSON: the file ends inside a value"));
            }
        }
    }

    /// <summary>One JSON value per line; a malformed line is reported and skipped, so that every problem is found in one run.</summary>
    public static IEnumerable<Record> ReadLines(TextReader text, string file, ImportSession session)
    {
        var line = 0;
        while (ReadLine(text, file, ref line, session) is { } content)
        {
            if (string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            JsonElement value;
            try
            {
                using var doc = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true });
                value = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                var message = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
                session.Error(new InputError(new SourceLocation(file, line), "", "malformed JSON: " + message));
                continue;
            }

            yield return new Record(line, value);
        }
    }

    private static string? ReadLine(TextReader text, string file, ref int line, ImportSession session)
    {
        while (true)
        {
            line++;
            try
            {
                return text.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                // The reader has consumed the bad line; report it and go on with the next.
                session.Error(new InputError(new SourceLocation(file, line), "", "the line is not valid UTF-8"));
            }
        }
    }

    /// <summary>Where the reading stands between buffers: the reader state, which part of the file it is in, and the line.</summary>
    private sealed class Cursor(string[] arrayProperties)
    {
        private const int Start = 0, InObject = 1, InArray = 2, End = 3;
        private JsonReaderState _state = new(Options);
        private int _phase = Start;

        public int Line { get; private set; } = 1;

        public bool Done => _phase == End;

        /// <summary>Reads what the buffer holds completely; returns the bytes consumed.</summary>
        public int Advance(ReadOnlySpan<byte> data, bool final, List<Record> batch)
        {
            var reader = new Utf8JsonReader(data, final, _state);
            long safe = 0;
            var safeState = _state;
            int scanned = 0, line = Line;
            while (_phase != End && reader.Read())
            {
                switch (_phase)
                {
                    case Start when reader.TokenType == JsonTokenType.StartArray:
                        _phase = InArray;
                        break;
                    case Start when reader.TokenType == JsonTokenType.StartObject && arrayProperties.Length > 0:
                        _phase = InObject;
                        break;
                    case Start:
                        throw new JsonException(arrayProperties.Length > 0
                            ? $"expected an array, or an object with {string.Join(" or ", arrayProperties)}"
                            : "expected an array at the top level");
                    case InObject when reader.TokenType == JsonTokenType.EndObject:
                        _phase = End;
                        break;
                    case InObject when Array.IndexOf(arrayProperties, reader.GetString()) >= 0:
                        if (!reader.Read())
                        {
                            goto incomplete;
                        }

                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw new JsonException($"'{arrayProperties[0]}' must be an array");
                        }

                        _phase = InArray;
                        break;
                    case InObject:
                        if (!reader.Read() || !reader.TrySkip())
                        {
                            goto incomplete;
                        }

                        break;
                    case InArray when reader.TokenType == JsonTokenType.EndArray:
                        _phase = End;
                        break;
                    case InArray:
                        var start = (int)reader.TokenStartIndex;
                        var value = reader;
                        if (!reader.TrySkip())
                        {
                            goto incomplete;
                        }

                        line += Count(data[scanned..start]);
                        scanned = start;
                        using (var doc = JsonDocument.ParseValue(ref value))
                        {
                            batch.Add(new Record(line, doc.RootElement.Clone()));
                        }

                        break;
                }

                safe = reader.BytesConsumed;
                safeState = reader.CurrentState;
            }

        incomplete:
            Line = line + Count(data[scanned..(int)safe]);
            _state = safeState;
            return (int)safe;
        }

        private static int Count(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');
    }
}
