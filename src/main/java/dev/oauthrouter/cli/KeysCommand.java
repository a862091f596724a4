package dev.oauthrouter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.admin.StoreSettings;
import dev.oauthrouter.credentials.JdbcCredentialStore;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.store.MasterKeyRotation;
import dev.oauthrouter.store.SealedColumn;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oauthrouter keys rotate-master}: re-seals every stored secret (router tokens and provider
 * credentials) under a new master key in one transaction, then installs the key. Stop the routers
 * first: one that refreshes an OAuth credential meanwhile would seal it with the old key. With a key
 * file ({@code data/master.key}) the new key is staged
 * beside it first and moved into place after the commit (the old file is kept as
 * {@code master.key.previous}); with a key from config or environment the new key is printed on stdout
 * for the owner to put there. Restart every router afterwards.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the master key.")
public final class KeysCommand extends StoreCommands implements Runnable {
    private final List<SealedColumn> columns;

    @Spec
    private CommandSpec spec;

    /**
     * Creates the command.
     *
     * @param loader      reads the store settings
     * @param extraColumns sealed columns besides the router tokens' and the provider credentials'
     *                     (both always included)
     */
    public KeysCommand(StoreSettingsLoader loader, List<SealedColumn> extraColumns) {
        super(loader, Clock.systemUTC());
        List<SealedColumn> all = new ArrayList<>();
        all.add(SealedColumn.ROUTER_TOKENS);
        all.add(JdbcCredentialStore.SEALED_COLUMN);
        // a column named twice would be re-sealed twice, and the second pass would fail
        extraColumns.stream().filter(c -> !all.contains(c)).forEach(all::add);
        this.columns = List.copyOf(all);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "rotate-master", description = "Re-seal all secrets under a new master key.")
    int rotateMaster(@Option(names = "--new-key", paramLabel = "BASE64",
                             description = "the new key (default: generate one)") String newKey,
                     @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            StoreSettings settings = store.settings();
            MasterKey next = newKey == null ? MasterKey.generate() : MasterKey.fromBase64(newKey);
            AesGcmSecretCipher to = new AesGcmSecretCipher(next);
            boolean fileKey = settings.masterKey().isEmpty();
            Path staged = fileKey ? next.stage(settings.masterKeyFile()) : null;
            int count;
            try {
                count = MasterKeyRotation.reseal(store.database(), store.cipher(), to, columns);
            } catch (RuntimeException e) {
                deleteQuietly(staged);
                throw e;
            }
            if (fileKey) {
                MasterKey.install(staged, settings.masterKeyFile());
                err.println("Re-sealed " + count + " secrets; " + settings.masterKeyFile()
                        + " now holds the new key (the old one is in "
                        + settings.masterKeyFile().getFileName() + ".previous). Restart every router.");
            } else {
                out.println(next.base64());
                err.println("Re-sealed " + count
                        + " secrets. Put the key printed above in master_key (or its "
                        + "environment variable) on every router and restart them.");
            }
            return 0;
        });
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the staged key is useless but harmless; the next rotation replaces it
            }
        }
    }
}
