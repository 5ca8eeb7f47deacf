using Microsoft.Win32.SafeHandles;

namespace SupplyGraph.Core.Engine;

/// <summary>Positional reads of the snapshot file, shared by its reader at open and by the records it maps.</summary>
internal static class FileReads
{
    /// <summary>Fills <paramref name="into"/> from offset <paramref name="at"/>, or fails when the file ends first.</summary>
    /// <param name="file">The snapshot file.</param>
    /// <param name="into">Bytes to fill.</param>
    /// <param name="at">File offset.</param>
    /// <exception cref="InvalidDataException">The file is shorter than it says.</exception>
    public static void ReadExactly(SafeFileHandle file, Span<byte> into, long at)
    {
        while (!into.IsEmpty)
        {
            var read = RandomAccess.Read(file, into, at);
            if (read == 0)
            {
                throw new InvalidDataException("the snapshot file is truncated; delete it and the store rebuilds it");
            }

            into = into[read..];
            at += read;
        }
    }
}
