using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ZscalerScim.Auth;

/// <summary>
/// Reads an unencrypted RSA private key from PEM (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY").
/// netstandard2.0 has no PEM or PKCS#8 import, so this is a minimal DER reader for those two shapes.
/// Every failure is a <see cref="FormatException"/> whose message never quotes the key.
/// </summary>
internal static class RsaPem
{
    public static RSA Read(string pem)
    {
        try
        {
            return ReadKey(pem);
        }
        catch (Exception ex) when (ex is CryptographicException || ex is ArgumentException)
        {
            throw new FormatException("The private key's numbers do not form a usable RSA key.");
        }
    }

    private static RSA ReadKey(string pem)
    {
        if (pem.Contains("ENCRYPTED PRIVATE KEY"))
        {
            throw new FormatException("The private key is encrypted; export it without a password (PKCS#8 'PRIVATE KEY' or PKCS#1 'RSA PRIVATE KEY'), or pass -Certificate.");
        }
        bool pkcs1 = pem.Contains("BEGIN RSA PRIVATE KEY");
        string label = pkcs1 ? "RSA PRIVATE KEY" : "PRIVATE KEY";
        string header = $"-----BEGIN {label}-----";
        int start = pem.IndexOf(header, StringComparison.Ordinal);
        int end = start < 0 ? -1 : pem.IndexOf($"-----END {label}-----", start + header.Length, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FormatException("No RSA private key PEM block was found ('-----BEGIN PRIVATE KEY-----' or '-----BEGIN RSA PRIVATE KEY-----').");
        }
        string base64 = new(pem.Substring(start + header.Length, end - start - header.Length).Where(c => !char.IsWhiteSpace(c)).ToArray());
        byte[] der;
        try
        {
            der = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new FormatException("The private key's PEM block is not valid base64.");
        }
        DerReader reader = new(der);
        if (!pkcs1)
        {
            // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, privateKey OCTET STRING }
            reader = reader.Sequence();
            reader.Integer();
            byte[] algorithm = reader.Sequence().ObjectIdentifier();
            if (!algorithm.SequenceEqual(RsaEncryptionOid))
            {
                throw new FormatException("The private key is not an RSA key; Zscaler's OneAPI private-key clients use RSA.");
            }
            reader = new DerReader(reader.OctetString());
        }

        // RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qinv }
        DerReader key = reader.Sequence();
        key.Integer();
        byte[] n = key.Integer(), e = key.Integer(), d = key.Integer(), p = key.Integer(), q = key.Integer();
        byte[] dp = key.Integer(), dq = key.Integer(), qi = key.Integer();
        int half = (n.Length + 1) / 2;
        RSAParameters parameters = new()
        {
            Modulus = n,
            Exponent = e,
            D = Pad(d, n.Length),
            P = Pad(p, half),
            Q = Pad(q, half),
            DP = Pad(dp, half),
            DQ = Pad(dq, half),
            InverseQ = Pad(qi, half),
        };
        RSA rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return rsa;
    }

    private static readonly byte[] RsaEncryptionOid = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };

    // .NET Framework's RSA wants D as long as the modulus and the CRT values half as long.
    private static byte[] Pad(byte[] value, int length)
    {
        if (value.Length >= length)
        {
            return value;
        }
        byte[] padded = new byte[length];
        Buffer.BlockCopy(value, 0, padded, length - value.Length, value.Length);
        return padded;
    }

    private sealed class DerReader
    {
        private readonly byte[] _data;
        private int _pos;

        public DerReader(byte[] data) => _data = data;

        public DerReader Sequence() => new(Read(0x30));

        public byte[] ObjectIdentifier() => Read(0x06);

        public byte[] OctetString() => Read(0x04);

        /// <summary>An unsigned big-endian integer, without DER's leading sign byte.</summary>
        public byte[] Integer()
        {
            byte[] value = Read(0x02);
            int skip = 0;
            while (skip < value.Length - 1 && value[skip] == 0)
            {
                skip++;
            }
            return value.Skip(skip).ToArray();
        }

        /// <summary>One tag-length-value; every length is checked against what is left, so no input can read past the end.</summary>
        private byte[] Read(byte tag)
        {
            if (_pos >= _data.Length || _data[_pos] != tag)
            {
                throw new FormatException("The private key's DER content is not as expected.");
            }
            _pos++;
            int length = Next();
            if (length >= 0x80)
            {
                // Long form: 1 to 4 length bytes (a key is far below 2 GB); 0x80 (indefinite) is not DER.
                int bytes = length & 0x7F;
                if (bytes == 0 || bytes > 4)
                {
                    throw new FormatException("The private key's DER content has an invalid length.");
                }
                long declared = 0;
                for (int i = 0; i < bytes; i++)
                {
                    declared = (declared << 8) | (uint)Next();
                }
                if (declared > _data.Length - _pos)
                {
                    throw CutShort();
                }
                length = (int)declared;
            }
            if (length > _data.Length - _pos)
            {
                throw CutShort();
            }
            byte[] value = new byte[length];
            Buffer.BlockCopy(_data, _pos, value, 0, length);
            _pos += length;
            // A sequence's reader sees only its content; skip the rest for the caller.
            return value;
        }

        private int Next() => _pos < _data.Length ? _data[_pos++] : throw CutShort();

        private static FormatException CutShort() => new("The private key's DER content is cut short.");
    }

    /// <summary>Whether a value is PEM text rather than a path: it has a PEM header or a line break.</summary>
    internal static bool IsPemText(string value) =>
        value.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0 || value.IndexOf('\n') >= 0;

    internal static string ReadText(string pathOrPem) =>
        IsPemText(pathOrPem) ? pathOrPem : File.ReadAllText(pathOrPem, Encoding.ASCII);
}
