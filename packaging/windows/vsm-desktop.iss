; Inno Setup script for VSM Desktop on Windows (Inno Setup 6.2 or later).
;
; Build the bundle first (python packaging\build.py), then from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\vsm-desktop.iss
; The installer lands in dist\ as vsm-desktop-<version>-setup.exe.
;
; It installs per user by default (no administrator rights needed) or for all users when run
; elevated, adds a Start menu entry, and registers .vsm files so double-clicking one opens it in
; VSM Desktop. The registry entries are listed in docs/install.md.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "VSM Desktop"
#define AppExe "vsm-desktop.exe"
#define ProgId "VSMDesktop.Map"
#define BundleDir "..\..\dist\vsm-desktop"

[Setup]
; AppId identifies the product for upgrades and uninstall: never change it.
AppId={{6F2B8C1E-4D7A-4E59-9B3C-7A1E2D5F8C40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=VSM Desktop contributors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\..\resources\icons\vsm-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename=vsm-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: both executables and _internal\ (Python, Qt, resources).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKLM for an all-users install and HKCU for a per-user one.
; .vsm -> our ProgID (also offered in "Open with" even if another program takes the default).
Root: HKA; Subkey: "Software\Classes\.vsm"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.vsm"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-vsm-desktop"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.vsm\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
; The ProgID: what a .vsm file is called, its icon and how to open it.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Value stream map"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Lets Windows list the program under "Open with" and in Default apps.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".vsm"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
