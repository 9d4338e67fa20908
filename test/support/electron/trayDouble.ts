// Tray, Menu, nativeImage and Notification as the tray service and the desktop shell see them.
import { EventEmitter } from 'node:events';

/** nativeImage.createFromPath(): the file it came from, and whether macOS draws it as a template. */
export class NativeImageDouble {
  // docs/api/native-image.md "Template Image macOS": an image whose file name ends in "Template"
  // (also with an @2x suffix) is a template image; setTemplateImage(true) marks one too.
  private template: boolean;
  constructor(readonly path: string) {
    this.template = /Template(@\dx)?\.png$/.test(path);
  }
  isTemplateImage() {
    return this.template;
  }
  setTemplateImage(option: boolean) {
    this.template = option;
  }
}

/** Electron's Tray as the tray service sees it: its image, tooltip and menu, and its click. */
export class TrayDouble extends EventEmitter {
  static created: TrayDouble[] = [];
  readonly images: unknown[] = [];
  toolTip = '';
  menu?: MenuDouble;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.images.push(image);
    TrayDouble.created.push(this);
  }
  get image() {
    return this.images.at(-1);
  }
  setImage(image: unknown) {
    this.images.push(image);
  }
  setToolTip(text: string) {
    this.toolTip = text;
  }
  setContextMenu(menu: MenuDouble) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

type MenuItemTemplate = { label?: string; type?: string; checked?: boolean; enabled?: boolean; click?: () => void };

export class MenuDouble {
  constructor(readonly items: MenuItemTemplate[]) {}
  labels(): string[] {
    return this.items.filter((item) => item.type !== 'separator').map((item) => item.label ?? '');
  }
  item(label: string): MenuItemTemplate {
    const found = this.items.find((item) => item.label === label);
    if (!found) throw new Error(`No menu item "${label}" in: ${this.labels().join(', ')}`);
    return found;
  }
  click(label: string) {
    const item = this.item(label);
    if (item.enabled === false) throw new Error(`"${label}" is disabled`);
    item.click?.();
  }
}

/** Records every desktop notification shown, and those the OS would drop. */
export class NotificationDouble extends EventEmitter {
  static shown: { title: string; body: string }[] = [];
  static dropped: { title: string; body: string }[] = [];
  /** Every notification shown, to click: docs/api/notification.md, event 'click'. */
  static instances: NotificationDouble[] = [];
  /**
   * Windows shows a desktop app's toast only for the AppUserModelID of a Start-menu shortcut (the
   * one the installer made, named after the appId): Electron's docs/tutorial/notifications.md,
   * "Windows" section. createElectronDouble sets this for win32.
   */
  static osAccepts: () => boolean = () => true;
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    const accepted = NotificationDouble.osAccepts();
    (accepted ? NotificationDouble.shown : NotificationDouble.dropped).push(this.options);
    if (accepted) NotificationDouble.instances.push(this);
  }
  /** The user clicks the notification in the OS's notification area. */
  click() {
    this.emit('click', { preventDefault() {} });
  }
}
