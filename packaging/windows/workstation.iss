; Inno Setup 6 script: Windows installer of the PyInstaller bundle (dist\workstation\).
;
;   iscc /DAppVersion=0.1.0 packaging\windows\workstation.iss
;
; (scripts/build_bundle.sh runs this under Git Bash with the version from the package
; metadata.) Installs per machine or per user (the user chooses; no admin rights needed for
; a per-user install), adds Start-menu entries, registers workstation:// links (a RIS/HIS
; opens a study), offers to open .dcm files, and adds "Open DICOM media with Workstation"
; to folders (a CD or USB stick with a DICOMDIR) through the media viewer.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\workstation"
#endif
#define AppName "Workstation"
#define GuiExe "workstation-gui.exe"
#define MediaExe "media-viewer.exe"

[Setup]
AppId={{5E0F3B8A-7C1D-4B2E-9A61-3D2C8F4E7B90}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Workstation team
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=workstation-{#AppVersion}-windows-x86_64-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
UninstallDisplayIcon={app}\{#GuiExe}
WizardStyle=modern

[Languages]
; Inno Setup ships no official Vietnamese messages; the program itself is translated.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "dcm"; Description: "Open .dcm files with {#AppName}"; GroupDescription: "File associations:"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"
Name: "{autoprograms}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\workstation.exe"" --self-test"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; workstation:// links
Root: HKA; Subkey: "Software\Classes\workstation"; ValueType: string; ValueData: "URL:Workstation link"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\workstation"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\workstation\DefaultIcon"; ValueType: string; ValueData: """{app}\{#GuiExe}"",0"
Root: HKA; Subkey: "Software\Classes\workstation\shell\open\command"; ValueType: string; ValueData: """{app}\{#GuiExe}"" ""%1"""
; .dcm files (offered in "Open with" always, the default only when the task is chosen)
Root: HKA; Subkey: "Software\Classes\Workstation.DicomFile"; ValueType: string; ValueData: "DICOM file"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Workstation.DicomFile\DefaultIcon"; ValueType: string; ValueData: """{app}\{#GuiExe}"",0"
Root: HKA; Subkey: "Software\Classes\Workstation.DicomFile\shell\open\command"; ValueType: string; ValueData: """{app}\{#GuiExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.dcm\OpenWithProgids"; ValueType: string; ValueName: "Workstation.DicomFile"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.dcm"; ValueType: string; ValueData: "Workstation.DicomFile"; Flags: uninsdeletevalue; Tasks: dcm
; A DICOMDIR has no extension, so Windows cannot associate it by name: folders get a verb instead.
Root: HKA; Subkey: "Software\Classes\Directory\shell\WorkstationMedia"; ValueType: string; ValueData: "Open DICOM media with {#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Directory\shell\WorkstationMedia"; ValueType: string; ValueName: "Icon"; ValueData: """{app}\{#GuiExe}"",0"
Root: HKA; Subkey: "Software\Classes\Directory\shell\WorkstationMedia\command"; ValueType: string; ValueData: """{app}\{#MediaExe}"" ""%1"""

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: postinstall nowait skipifsilent
