/**
 * The application id the installers register (electron-builder's `appId`, read from here): the
 * macOS bundle id, the Windows AppUserModelID of the Start-menu shortcut (which notifications must
 * match), and the name of the Linux autostart entry. Changed later, macOS and Windows take the app
 * for another one (login item, notification settings, keychain access): pick the organisation's
 * reverse-DNS name once. `com.example.…` is a placeholder until then.
 */
export const desktopAppId = 'com.example.outlook-integration-console';
