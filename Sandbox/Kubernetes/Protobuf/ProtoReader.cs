namespace AwsMultiEni.Sandbox.Kubernetes.Protobuf;

/// <summary>The protobuf wire format, read field by field: a tag (number and wire type), then its value.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> buffer)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly bool AtEnd => _position >= _buffer.Length;

    public (int Number, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Next();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("a varint runs over 64 bits");
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw new FormatException($"a field of {length} bytes runs past the end of the message");
        }

        var value = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    /// <summary>Passes over a field this reader has no use for, whatever its wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Advance(8);
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case Fixed32:
                Advance(4);
                break;
            default:
                throw new FormatException($"wire type {wireType} is not one protobuf 3 writes");
        }
    }

    private void Advance(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new FormatException("a fixed-size field runs past the end of the message");
        }

        _position += count;
    }

    private byte Next() =>
        _position < _buffer.Length ? _buffer[_position++] : throw new FormatException("the message ends inside a field");
}
