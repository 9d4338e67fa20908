/**
 * The application id the installers register (electron-builder's `appId`, read from here): the
 * macOS bundle id, the Windows AppUserModelID of the Start-menu shortcut (which notifications must
 * match), and the name of the Linux autostart entry. Changing it later orphans the macOS keychain
 * entry and Windows' notification settings, so pick the organisation's reverse-DNS name once.
 */
export const desktopAppId = 'com.example.outlook-integration-console';
