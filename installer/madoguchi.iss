; Inno Setup script: per-machine install of the PyInstaller folder, Start-menu entries and the ward's
; deployment configuration. Build on Windows with installer\build_windows.ps1 (see README).
#define AppName "窓口カスハラ対応記録 (madoguchi)"
#define AppVersion GetEnv("MADOGUCHI_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1B3E52-3F0B-4E1E-9E0D-6D61646F6775}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=港区
DefaultDirName={autopf}\madoguchi
DefaultGroupName=madoguchi
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=madoguchi-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Files]
Source: "..\dist\madoguchi\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The ward's settings (facility, 対応時間の目安, 文書番号, 共有フォルダ …), prepared by IT before building.
; Never overwrites a configuration an administrator has already edited on this PC.
Source: "config.json"; DestDir: "{commonappdata}\madoguchi"; Flags: onlyifdoesntexist uninsneveruninstall; Check: ConfigExists

[Dirs]
Name: "{commonappdata}\madoguchi"

[Icons]
Name: "{group}\窓口カスハラ対応記録"; Filename: "{app}\madoguchi.exe"
Name: "{group}\自己診断 (madoguchi selftest)"; Filename: "{cmd}"; Parameters: "/k ""{app}\madoguchi-cli.exe"" selftest"

[Run]
Filename: "{app}\madoguchi-cli.exe"; Parameters: "selftest --no-store"; Flags: runhidden waituntilterminated; StatusMsg: "自己診断を実行しています…"

[Code]
function ConfigExists: Boolean;
begin
  Result := FileExists(ExpandConstant('{src}\config.json')) or FileExists(ExpandConstant('{#SourcePath}\config.json'));
end;
