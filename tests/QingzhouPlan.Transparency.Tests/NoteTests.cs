using System.Security.Cryptography;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Transparency.Tests;

public sealed class NoteTests
{
    // The reference implementation's example (golang.org/x/mod/sumdb/note): Ed25519 is deterministic, so the
    // same key and text give exactly this note.
    private const string GoSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string GoVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string GoNote = GoText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    // The C2SP signed-note specification's example verifier key and note.
    private const string SpecVerifier = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private const string SpecNote = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    [Fact]
    public void Signing_reproduces_the_reference_note_byte_for_byte()
    {
        using var signer = NoteSigner.Parse(GoSigner);
        signer.Verifier.ToString().ShouldBe(GoVerifier);
        signer.Encoded.ShouldBe(GoSigner);
        new SignedNote(GoText, [signer.Sign(GoText)]).ToString().ShouldBe(GoNote);
        NoteVerifier.Parse(GoVerifier).Check(SignedNote.Parse(GoNote)).ShouldNotBeNull();
    }

    [Fact]
    public void The_specifications_example_verifies_and_a_changed_text_does_not()
    {
        var verifier = NoteVerifier.Parse(SpecVerifier);
        verifier.Check(SignedNote.Parse(SpecNote)).ShouldNotBeNull();
        Should.Throw<CryptographicException>(() => verifier.Check(SignedNote.Parse(SpecNote.Replace("message", "massage", StringComparison.Ordinal))));
        // A note signed by someone else carries no signature of this key.
        verifier.Check(SignedNote.Parse(GoNote)).ShouldBeNull();
    }

    [Fact]
    public void A_signed_checkpoint_is_believed_only_from_its_logs_key_and_dated_by_the_same_key()
    {
        using var log = NoteSigner.Generate("plans.example/log", NoteVerifier.Ed25519);
        using var other = NoteSigner.Generate("plans.example/log", NoteVerifier.Ed25519);
        var checkpoint = new Checkpoint(log.Name, 5, SHA256.HashData([5]));
        var time = DateTimeOffset.FromUnixTimeSeconds(1_720_000_000);
        var note = new SignedNote(checkpoint.Text, [log.Sign(checkpoint.Text), log.As(NoteVerifier.Cosignature).Cosign(checkpoint.Text, time)]);

        var opened = SignedCheckpoint.Open(note.ToString(), log.Verifier);
        (opened.Checkpoint, opened.Time).ShouldBe((checkpoint, time));
        Should.Throw<CryptographicException>(() => SignedCheckpoint.Open(note.ToString(), other.Verifier));
        SignedCheckpoint.Open(new SignedNote(checkpoint.Text, [log.Sign(checkpoint.Text)]).ToString(), log.Verifier).Time.ShouldBeNull();
        // A signer key whose ID does not match its key is refused.
        Should.Throw<FormatException>(() => NoteSigner.Parse(log.Encoded.Replace($"+{log.Verifier.KeyId:x8}+", "+00000000+", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_cosignature_dates_a_checkpoint_and_binds_its_time()
    {
        using var witness = NoteSigner.Generate("witness.example/w1", NoteVerifier.Cosignature);
        var checkpoint = new Checkpoint("plans.example/log", 20, SHA256.HashData([1]));
        var time = DateTimeOffset.FromUnixTimeSeconds(1_720_742_400);
        var note = new SignedNote(checkpoint.Text, [witness.Cosign(checkpoint.Text, time)]);

        var parsed = SignedNote.Parse(note.ToString());
        witness.Verifier.Check(parsed)!.Time.ShouldBe(time);
        Checkpoint.Parse(parsed.Text).ShouldBe(checkpoint);

        // Moving the time the cosignature claims breaks it.
        var moved = parsed.Signatures[0].Bytes.ToArray();
        moved[7] ^= 1;
        Should.Throw<CryptographicException>(() => witness.Verifier.Check(parsed with { Signatures = [parsed.Signatures[0] with { Bytes = moved }] }));
        NoteVerifier.Parse(witness.Verifier.ToString()).ShouldBe(witness.Verifier);
    }

    [Theory]
    [InlineData("origin\n12\nroot\n")]
    [InlineData("origin\n012\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("origin\n12\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nextension\n")]
    [InlineData("two words\n12\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    public void Checkpoints_out_of_form_are_refused(string text) => Should.Throw<FormatException>(() => Checkpoint.Parse(text));

    [Fact]
    public void Entries_have_one_encoding()
    {
        var entry = new LogEntry("qingzhou-2024/GDP", 3, "value_reported", DateTimeOffset.FromUnixTimeMilliseconds(1_720_742_400_123), "li.wei", LogEntry.HashOf("{}"));
        LogEntry.Decode(entry.Encode()).ShouldBe(entry);
        var text = System.Text.Encoding.UTF8.GetString(entry.Encode());
        text.ShouldStartWith("qingzhou-log-entry/v1\nstream qingzhou-2024/GDP\nversion 3\ntype value_reported\ntime 1720742400123\nactor li.wei\ndata ");
        Should.Throw<FormatException>(() => LogEntry.Decode(System.Text.Encoding.UTF8.GetBytes(text.Replace("version 3", "version 03", StringComparison.Ordinal))));
        Should.Throw<FormatException>(() => LogEntry.Decode(System.Text.Encoding.UTF8.GetBytes(text.Replace("time 1720742400123", "time 99999999999999999999", StringComparison.Ordinal))));

        // An actor named with a newline stays on its line, and reads back as it was.
        var odd = entry with { Actor = "li.wei\nstream forged\\" };
        System.Text.Encoding.UTF8.GetString(odd.Encode()).ShouldContain("actor li.wei\\x0astream forged\\x5c\n");
        LogEntry.Decode(odd.Encode()).ShouldBe(odd);
    }
}
